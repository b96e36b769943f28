package io.jobserver.client.command;

import io.jobserver.client.http.RequestFailedException;
import io.jobserver.client.http.UnexpectedResponseException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Builds the picocli command line of job-client with its error handling: exit code 0 for success, 1 for a
 * failure at run time and 2 for bad usage, each failure reported as one line on stderr.
 */
public final class JobClientCommandLine {

    private static final String PREFIX = "job-client: ";

    private JobClientCommandLine() {
    }

    /** Creates a configured command line whose commands picocli instantiates itself, as tests do. */
    public static CommandLine create() {
        return configure(new CommandLine(new JobClientCommand()));
    }

    /** Installs the exit codes and one-line error reporting on a command line built by any factory. */
    public static CommandLine configure(CommandLine commandLine) {
        return commandLine
                .setUsageHelpAutoWidth(true)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(JobClientCommandLine::reportUsageError)
                .setExecutionExceptionHandler(JobClientCommandLine::reportRunTimeFailure);
    }

    private static int reportUsageError(ParameterException error, String[] args) {
        CommandLine commandLine = error.getCommandLine();
        PrintWriter err = commandLine.getErr();
        String message = error instanceof UnmatchedArgumentException unmatched && !unmatched.isUnknownOption()
                ? describeUnmatched(unmatched)
                : replaceJavaTypeNames(error.getMessage().strip());
        if (message.endsWith(".")) {
            message = message.substring(0, message.length() - 1);
        }
        err.println(PREFIX + message + "; see '" + commandLine.getCommandSpec().qualifiedName() + " --help'");
        err.flush();
        return commandLine.getCommandSpec().exitCodeOnInvalidInput();
    }

    /**
     * Describes arguments that no parameter took, in place of picocli's "Unmatched argument at index 0". On a command
     * with subcommands, the first such argument is a mistyped command.
     */
    private static String describeUnmatched(UnmatchedArgumentException error) {
        CommandLine commandLine = error.getCommandLine();
        List<String> unmatched = error.getUnmatched();
        String quoted = unmatched.stream().map(argument -> "'" + argument + "'").collect(Collectors.joining(", "));
        Set<String> commands = commandLine.getSubcommands().keySet();
        if (commands.isEmpty()) {
            return (unmatched.size() == 1 ? "Unknown argument: " : "Unknown arguments: ") + quoted;
        }
        return "Unknown command: '" + unmatched.get(0) + "'; the commands are " + String.join(", ", commands);
    }

    /** Replaces the Java type names in picocli's conversion errors, such as "'x' is not an int", with plain words. */
    private static String replaceJavaTypeNames(String message) {
        return message
                .replaceAll("is not an? (int|long|short|byte|Integer|Long)\\b", "is not a whole number")
                .replaceAll("is not an? (double|float|Double|Float)\\b", "is not a number");
    }

    private static int reportRunTimeFailure(Exception failure, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        err.println(PREFIX + messageFor(failure));
        if (isVerbose(commandLine)) {
            failure.printStackTrace(err);
        }
        err.flush();
        return ExitCode.SOFTWARE;
    }

    private static String messageFor(Exception failure) {
        if (failure instanceof CommandFailedException
                || failure instanceof RequestFailedException
                || failure instanceof UnexpectedResponseException) {
            return failure.getMessage();
        }
        if (failure instanceof InterruptedException) {
            return "interrupted before the command finished";
        }
        return "unexpected internal error; run again with --verbose to see the stack trace";
    }

    private static boolean isVerbose(CommandLine commandLine) {
        ParseResult parseResult = commandLine.getParseResult();
        return parseResult != null && parseResult.hasMatchedOption("--verbose");
    }
}
