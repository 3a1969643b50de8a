package dev.stochasticdepth.samples.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

class ComparisonCsvTest {

    private static final List<String> SETTING_COLUMNS = List.of("drop", "method");
    private static final ComparisonCsv.RunKey PLAIN =
            new ComparisonCsv.RunKey("resnet20", "plain", List.of("", ""), 1);
    private static final ComparisonCsv.RunKey BLOCK =
            new ComparisonCsv.RunKey("resnet20", "block", List.of("0.1", "BLOCK"), 1);

    @TempDir Path folder;

    private static Map<String, String> settings(int epochs) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("model", "resnet20");
        settings.put("epochs", String.valueOf(epochs));
        settings.put("lr", "0.001");
        return settings;
    }

    private ComparisonCsv open(int epochs) throws IOException {
        return ComparisonCsv.open(
                folder.resolve("c.csv"), settings(epochs), SETTING_COLUMNS, epochs);
    }

    private static EpochMetrics epoch(int epoch, double trainSeconds) {
        return new EpochMetrics(epoch, 1.25f, 0.5f, 1.0f, 0.625f, trainSeconds, 0.25);
    }

    @Test
    void writesTheHeaderThenOneFlushedLinePerEpoch() throws IOException {
        ComparisonCsv csv = open(2);
        csv.append(PLAIN, epoch(1, 1.0004));
        ComparisonCsv.Row second = csv.append(PLAIN, epoch(2, 2.0));

        assertThat(Files.readAllLines(folder.resolve("c.csv")))
                .containsExactly(
                        "# stochastic-depth-samples compare",
                        "# model=resnet20",
                        "# epochs=2",
                        "# lr=0.001",
                        "model,variant,drop,method,seed,epoch,train_loss,train_accuracy,test_loss,"
                                + "test_accuracy,train_seconds,eval_seconds,"
                                + "cumulative_train_seconds",
                        "resnet20,plain,,,1,1,1.250000,0.500000,1.000000,0.625000,1.000,0.250,1.000",
                        "resnet20,plain,,,1,2,1.250000,0.500000,1.000000,0.625000,2.000,0.250,3.000");
        assertThat(second.cumulative()).isEqualTo(3.0);
        assertThat(csv.isComplete(PLAIN)).isTrue();
        assertThat(csv.isComplete(BLOCK)).isFalse();
    }

    @Test
    void reopeningKeepsCompleteRunsAndDropsTruncatedOnes() throws IOException {
        ComparisonCsv first = open(2);
        first.append(PLAIN, epoch(1, 1));
        first.append(PLAIN, epoch(2, 1));
        first.append(BLOCK, epoch(1, 1));
        List<String> complete = Files.readAllLines(folder.resolve("c.csv")).subList(0, 7);

        ComparisonCsv second = open(2);

        assertThat(second.dropped()).containsExactly("resnet20 block seed 1 (1 of 2 epochs)");
        assertThat(second.isComplete(PLAIN)).isTrue();
        assertThat(second.rows(PLAIN))
                .extracting(row -> row.metrics().epoch())
                .containsExactly(1, 2);
        assertThat(second.rows(BLOCK)).isEmpty();
        assertThat(second.runs()).containsExactly(PLAIN);
        assertThat(Files.readAllLines(folder.resolve("c.csv"))).isEqualTo(complete);
        assertThat(folder.resolve("c.csv.tmp")).doesNotExist();
    }

    @Test
    void otherSettingsAreRefusedNamingThem() throws IOException {
        open(2);

        assertThatThrownBy(() -> open(3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        folder.resolve("c.csv")
                                + " was written with other settings (epochs 2, now 3); use"
                                + " another --out folder or move the file away");
    }

    @Test
    void otherColumnsOrFilesAreRefused() throws IOException {
        Path file = folder.resolve("c.csv");
        open(2);
        assertThatThrownBy(() -> ComparisonCsv.open(file, settings(2), List.of("drop"), 2))
                .hasMessageStartingWith(
                        file + " does not have the columns model,variant,drop,seed");

        Files.writeString(file, "network,epoch\n");
        assertThatThrownBy(() -> open(2))
                .hasMessage(
                        file
                                + " is not a compare results file (its first line is not '#"
                                + " stochastic-depth-samples compare')");
    }

    @Test
    void aDamagedLineIsNamed() throws IOException {
        open(2).append(PLAIN, epoch(1, 1));
        Path file = folder.resolve("c.csv");
        Files.writeString(file, Files.readString(file).replace(",1.250000,", ",x,"));

        assertThatThrownBy(() -> open(2)).hasMessage(file + " line 6: For input string: \"x\"");

        Files.writeString(file, Files.readString(file).replace(",x,", ","));
        assertThatThrownBy(() -> open(2))
                .hasMessage(file + " line 6: expected 13 fields, found 12");
    }
}
