package io.jobserver.client.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobserver.client.testing.CommandRun;
import org.junit.jupiter.api.Test;

class JobClientCommandTest {

    @Test
    void helpListsCommandsAndExitsZero() {
        CommandRun run = CommandRun.of("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: job-client").contains("submit").contains("status").contains("simulate")
                .contains("load").contains("Exit codes: 0 success, 1 failure at run time, 2 invalid usage.");
    }

    @Test
    void missingCommandIsUsageError() {
        CommandRun run = CommandRun.of();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("job-client: Missing command: choose one of submit, status, simulate,"
                + " load; see 'job-client --help'");
    }

    @Test
    void unknownOptionIsOneLineUsageError() {
        CommandRun run = CommandRun.of("submit", "x", "--frobnicate");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("job-client: Unknown option: '--frobnicate'; see 'job-client submit --help'");
    }

    @Test
    void invalidUrlIsUsageError() {
        CommandRun run = CommandRun.of("status", "1", "--url", "ftp://example.org");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("job-client: Invalid value for option '--url': 'ftp://example.org' is not"
                + " an http or https URL; use a form like http://localhost:8080; see 'job-client status --help'");
    }

    @Test
    void invalidDurationIsUsageError() {
        CommandRun run = CommandRun.of("simulate", "--poll-interval", "fast");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("job-client: Invalid value for option '--poll-interval': 'fast' is not a"
                + " duration; use a number with a unit (ms, s, m, h) such as 500ms, 1s or 2m, or ISO-8601 such as PT30S;"
                + " see 'job-client simulate --help'");
    }

    @Test
    void subcommandHelpShowsDefaultsWithUnits() {
        CommandRun run = CommandRun.of("simulate", "--help");

        String help = run.out().replaceAll("\\s+", " ");
        assertThat(run.exitCode()).isZero();
        assertThat(help).contains("--clients=N Number of concurrent simulated clients (default: 10)")
                .contains("--jobs-per-client=N Number of jobs each client submits (default: 5)")
                .contains("--poll-interval=DURATION Time between two rounds of status requests of one client (default: 1s)");
    }
}
