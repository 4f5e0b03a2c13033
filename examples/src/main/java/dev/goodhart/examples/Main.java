package dev.goodhart.examples;

import dev.goodhart.internal.Text;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The command-line tool ({@code java -jar examples/target/goodhart.jar}): {@code goodhart score}
 * ({@link ScoreCommand}), {@code goodhart demo} ({@link DemoCommand}) and {@code goodhart help [COMMAND]}, parsed with
 * picocli; {@code --help}, {@code -h} and {@code --version} on each.
 *
 * <p>Exit status 0 on success; {@value #USAGE} with one line on standard error for a mistake in the command or the
 * input (an unknown option, with the nearest known one; a missing or malformed file, naming its line and column; a
 * source that cannot be read or holds nothing to score); {@value #INTERNAL} with one line for an internal error
 * ({@code --debug} adds the stack trace); {@value #FAILED} when {@code --fail-on} is reached. Never a stack trace for a
 * user's mistake.
 */
@Command(name = "goodhart", mixinStandardHelpOptions = true, versionProvider = Version.class, usageHelpAutoWidth = true,
        description = {"Tells whether a proxy metric (AI tokens, prompts, agents) still tracks the outcome it was "
                + "adopted to move, per team and for the whole organisation.", ""},
        commandListHeading = "%nCommands:%n",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:success", "1:an internal error (one line; --debug prints the stack trace)",
                "2:a mistake in the command or the input (one line)",
                "3:score --fail-on: a segment reached the verdict given"},
        footer = {"", "'goodhart score --help' lists the options of score."})
public final class Main implements Callable<Integer> {
    /** Exit status for a mistake in the command or the input. */
    public static final int USAGE = 2;
    /** Exit status for an internal error. */
    public static final int INTERNAL = 1;
    /** Exit status when a segment reaches the verdict of {@code --fail-on}. */
    public static final int FAILED = 3;

    private Main() {
    }

    /** {@code goodhart} without a command. */
    @Override
    public Integer call() {
        throw new UsageException("no command given; expected 'demo' or 'score' (try 'help')");
    }

    /** Runs the tool and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, Io.system()));
    }

    /** Runs the tool on the process's standard input, printing to {@code out} and {@code err}; never throws. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.in, out, err);
    }

    /** Runs the tool reading standard input from {@code in}; standard error is not a terminal (no progress). */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        return run(args, new Io(in, out, err, false, Io.PROGRESS_AFTER_MILLIS));
    }

    /** Runs the tool with the given streams and returns its exit status; never throws. */
    static int run(String[] args, Io io) {
        boolean debug = Arrays.asList(args).contains("--debug");
        CommandLine cli = new CommandLine(new Main());
        cli.addSubcommand("score", new ScoreCommand(io));
        cli.addSubcommand("demo", new DemoCommand(io));
        cli.addSubcommand("help", new CommandLine.HelpCommand());
        cli.setOut(new PrintWriter(io.out(), true));
        cli.setErr(new PrintWriter(io.err(), true));
        cli.setParameterExceptionHandler((e, a) -> {
            io.err().println("goodhart: " + oneLine(message(e)));
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, c, parsed) -> failure(e, io.err(), debug));
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            trace(e, io.err(), debug);
            io.err().println("goodhart: out of memory (" + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                    + " MB heap): give Java more (java -Xmx4g -jar goodhart.jar ...), or score fewer segments or a "
                    + "shorter range");
            return INTERNAL;
        } catch (StackOverflowError e) {
            trace(e, io.err(), debug);
            io.err().println("goodhart: internal error (stack overflow); please report it"
                    + (debug ? "" : " (--debug shows where)"));
            return INTERNAL;
        }
    }

    /** A mistake on the command line in one line, with the nearest option or command for a typo. */
    static String message(ParameterException e) {
        String command = e.getCommandLine().getCommandName();
        boolean top = e.getCommandLine().getParent() == null;
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            String typed = first.contains("=") && first.startsWith("-") ? first.substring(0, first.indexOf('=')) : first;
            List<String> near = Typos.nearest(typed, u.isUnknownOption()
                    ? e.getCommandLine().getCommandSpec().optionsMap().keySet()
                    : e.getCommandLine().getSubcommands().keySet());
            if (near.isEmpty()) {
                near = u.getSuggestions();
            }
            String suggestion = near.isEmpty() ? "" : "; did you mean '" + String.join("' or '", near) + "'?";
            if (u.isUnknownOption()) {
                String name = typed;
                CommandLine score = e.getCommandLine().getSubcommands().get("score");
                if (top && score != null && score.getCommandSpec().findOption(name) != null) {
                    return "unknown option '" + name + "'; it is an option of score: goodhart score " + name + " ...";
                }
                return "unknown option '" + name + "'" + (top ? "" : " for " + command) + (suggestion.isEmpty()
                        ? " (try 'goodhart " + (top ? "" : command + " ") + "--help')" : suggestion);
            }
            return top ? "unknown command '" + first + "'" + (suggestion.isEmpty()
                    ? "; expected 'demo' or 'score'" : suggestion) + " (try 'help')"
                    : "unexpected argument '" + first + "'; options start with --";
        }
        ArgSpec spec = e.getArgSpec();
        String option = spec instanceof OptionSpec o ? o.longestName() : null;
        if (e instanceof CommandLine.MissingParameterException m && option == null && !m.getMissing().isEmpty()
                && m.getMissing().get(0) instanceof OptionSpec o) {
            option = o.longestName();
        }
        if (e instanceof CommandLine.MissingParameterException && option != null) {
            return option + ": expected a value after it";
        }
        if (e instanceof CommandLine.OverwrittenOptionException o && o.getOverwritten() instanceof OptionSpec given) {
            return given.longestName() + " given more than once; expected once";
        }
        if (e.getCause() instanceof CommandLine.TypeConversionException t && option != null) {
            return option + ": " + t.getMessage();
        }
        return String.valueOf(e.getMessage());
    }

    /** The exit status for what a command threw, after one line on standard error. */
    static int failure(Exception e, PrintStream err, boolean debug) {
        if (e instanceof java.io.UncheckedIOException u && u.getCause() != null) {
            // a file the run writes (a spill on a full disk, a temporary directory it cannot create): the IOException
            return failure(u.getCause(), err, debug);
        }
        String line;
        if (e instanceof NoSuchFileException missing) {
            line = missing.getFile() + ": " + (missing.getReason() != null ? missing.getReason() : "no such file");
        } else if (e instanceof AccessDeniedException denied) {
            line = denied.getFile() + ": permission denied";
        } else if ((e instanceof IOException || e instanceof IllegalArgumentException || e instanceof UsageException)
                && e.getMessage() != null && !e.getMessage().isBlank()) {
            // UsageException, SourceException, InvalidDataException, a model or option the library refuses (said in its
            // message; one without a message is no explanation: an internal error, below, not "goodhart: null")
            if (!(e instanceof UsageException)) {
                trace(e, err, debug);
            }
            line = e.getMessage();
        } else {
            trace(e, err, debug);
            err.println("goodhart: internal error (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + oneLine(e.getMessage())) + "); please report it"
                    + (debug ? "" : " (--debug shows where)"));
            return INTERNAL;
        }
        err.println("goodhart: " + oneLine(line));
        return USAGE;
    }

    private static void trace(Throwable e, PrintStream err, boolean debug) {
        if (debug) {
            e.printStackTrace(err);
        }
    }

    /** One line, safe for a terminal: control characters (a newline, an escape sequence) are written as escapes. */
    static String oneLine(String message) {
        return message == null ? "" : Text.clean(message);
    }
}
