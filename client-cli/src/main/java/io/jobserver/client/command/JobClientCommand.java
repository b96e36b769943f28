package io.jobserver.client.command;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code job-client} top command, which only groups the subcommands. */
@TopCommand
@Command(name = "job-client",
        mixinStandardHelpOptions = true,
        versionProvider = JobClientVersion.class,
        description = "Submits jobs to job-server, reports their status, simulates clients and load-tests the server.",
        subcommands = {
                SubmitCommand.class,
                StatusCommand.class,
                SimulateCommand.class,
                LoadCommand.class,
                HelpCommand.class
        },
        footer = {
                "",
                "Exit codes: 0 success, 1 failure at run time, 2 invalid usage.",
                "Durations accept forms like 500ms, 1s, 2m, 1h and ISO-8601 such as PT30S."
        })
public class JobClientCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: choose one of submit, status, simulate, load");
    }
}
