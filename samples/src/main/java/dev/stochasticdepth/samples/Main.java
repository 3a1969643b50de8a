package dev.stochasticdepth.samples;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The command-line program of the samples: {@code train} compares a generated stochastic-depth
 * network with its plain twin on Fashion-MNIST, {@code compare} does so over several seeds and
 * variants with statistics, {@code export} folds a saved network into the plain one to serve,
 * {@code prune} measures both saved networks with blocks removed, {@code rates} shows a drop-rate
 * schedule.
 *
 * <pre>
 * java -jar samples/target/stochastic-depth-samples.jar train
 * </pre>
 *
 * <p>A command that trains first runs {@link OneDnnGuard}, so that a machine whose oneDNN crashes
 * at full speed runs it capped instead.
 *
 * <p>Bad input (an unknown option or model, a value out of range, a missing or damaged data file)
 * prints one line on standard error and exits with status 2.
 */
@Command(
        name = "stochastic-depth-samples",
        mixinStandardHelpOptions = true,
        version = "stochastic-depth-samples 0.1.0",
        description = "Stochastic depth for DJL: train and inspect generated ResNets.",
        subcommands = {
            TrainCommand.class,
            CompareCommand.class,
            ExportCommand.class,
            PruneCommand.class,
            RatesCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    /** The exit status of bad input, as picocli's {@code ExitCode.USAGE}. */
    public static final int BAD_INPUT = CommandLine.ExitCode.USAGE;

    /** The commands that load libtorch and run its oneDNN kernels (export and prune infer). */
    private static final Set<String> ENGINE_COMMANDS =
            Set.of("train", "compare", "export", "prune");

    @Spec private CommandSpec spec;

    /**
     * Runs the program and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        if (trains(args)) {
            OptionalInt rerun = OneDnnGuard.protect(Main.class, args);
            if (rerun.isPresent()) {
                System.exit(rerun.getAsInt());
            }
        }
        System.exit(commandLine().execute(args));
    }

    /**
     * Returns whether {@code args} run a command that loads the engine: {@code train}, without a
     * help or version request and with arguments that parse (bad input is reported without a
     * probe).
     */
    static boolean trains(String[] args) {
        try {
            ParseResult parsed = commandLine().parseArgs(args);
            if (!parsed.hasSubcommand()) {
                return false;
            }
            ParseResult command = parsed.subcommand();
            return ENGINE_COMMANDS.contains(command.commandSpec().name())
                    && !command.isUsageHelpRequested()
                    && !command.isVersionHelpRequested();
        } catch (ParameterException e) {
            return false;
        }
    }

    /**
     * Returns the program's command line, ready to {@code execute}, with one-line error reporting.
     *
     * @return a new command line
     */
    public static CommandLine commandLine() {
        // Charts are drawn off screen, also where there is no display.
        System.setProperty("java.awt.headless", "true");
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler(Main::reportBadInput);
        return commandLine;
    }

    /** Asks for a subcommand, as the program does nothing by itself. */
    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(),
                "missing command: train, compare, export, prune, rates or help");
    }

    private static int reportBadInput(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        String message = String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " ");
        err.println(command.getCommandSpec().qualifiedName() + ": " + message);
        err.flush();
        return BAD_INPUT;
    }
}
