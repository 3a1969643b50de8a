package dev.stochasticdepth.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpProfilerTest {

    @TempDir Path folder;

    /**
     * A conv of 10 ms calling an empty of 1 ms and a kernel of 6 ms, then a mul of 2 ms, on one
     * thread; another thread's add of 5 ms overlaps them in time but is not inside them.
     */
    private static final String TRACE =
            """
            [
              {"name": "aten::conv2d", "ph": "X", "ts": 100, "dur": 10000,
               "pid": "CPU", "tid": "1"},
              {"name": "aten::empty", "ph": "X", "ts": 200, "dur": 1000, "pid": "CPU", "tid": "1"},
              {"name": "aten::mkldnn_convolution", "ph": "X", "ts": 1300, "dur": 6000,
               "pid": "CPU", "tid": "1"},
              {"name": "aten::mul", "ph": "X", "ts": 10100, "dur": 2000, "pid": "CPU", "tid": "1"},
              {"name": "aten::add", "ph": "X", "ts": 150, "dur": 5000, "pid": "CPU", "tid": "2"},
              {"name": "a counter", "ph": "C", "ts": 150, "pid": "CPU", "tid": "2"}
            ]
            """;

    @Test
    void selfTimeIsTheDurationLessThatOfTheOperatorsDirectlyInside() throws IOException {
        Path trace = Files.writeString(folder.resolve("trace.json"), TRACE);

        Map<String, double[]> times = OpProfiler.selfTimes(trace);

        assertThat(times)
                .containsOnlyKeys(
                        "aten::conv2d",
                        "aten::empty",
                        "aten::mkldnn_convolution",
                        "aten::mul",
                        "aten::add");
        assertThat(times.get("aten::conv2d")[0]).isCloseTo(3.0, within(1e-9));
        assertThat(times.get("aten::empty")[0]).isCloseTo(1.0, within(1e-9));
        assertThat(times.get("aten::mkldnn_convolution")[0]).isCloseTo(6.0, within(1e-9));
        assertThat(times.get("aten::mul")[0]).isCloseTo(2.0, within(1e-9));
        assertThat(times.get("aten::add")[0]).isCloseTo(5.0, within(1e-9));
        assertThat(times.get("aten::conv2d")[1]).isEqualTo(1.0);
    }

    @Test
    void readsTheObjectFormWithTraceEvents() throws IOException {
        Path trace =
                Files.writeString(
                        folder.resolve("trace.json"), "{\"traceEvents\": " + TRACE + "}");

        assertThat(OpProfiler.selfTimes(trace).get("aten::conv2d")[0]).isCloseTo(3.0, within(1e-9));
    }
}
