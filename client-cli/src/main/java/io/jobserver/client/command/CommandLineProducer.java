package io.jobserver.client.command;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import picocli.CommandLine;

/** Gives Quarkus's picocli runner the same error handling and exit codes that tests see. */
@ApplicationScoped
public class CommandLineProducer {

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        return JobClientCommandLine.configure(factory.create());
    }
}
