package dev.stochasticdepth.samples;

import static org.assertj.core.api.Assertions.assertThat;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the program's command line in process, as {@code main} would without its exit. */
final class CommandRunner {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /**
     * Runs the command line, capturing what it prints.
     *
     * @param args the arguments
     * @return the exit status
     */
    int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    /**
     * Returns what the last run printed on standard output.
     *
     * @return the text
     */
    String out() {
        return out.toString();
    }

    /**
     * Returns what the last run printed on standard error.
     *
     * @return the text
     */
    String err() {
        return err.toString();
    }

    /**
     * Asserts exit status 2 and exactly one line on standard error, without a stack trace.
     *
     * @param args the arguments
     * @return the line, stripped
     */
    String badInput(String... args) {
        assertThat(run(args)).isEqualTo(Main.BAD_INPUT);
        assertThat(err()).endsWith(System.lineSeparator());
        assertThat(err().lines()).hasSize(1);
        assertThat(err()).doesNotContain("Exception", "\tat ");
        return err().strip();
    }
}
