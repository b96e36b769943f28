package io.jobserver.client.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobserver.client.testing.CommandRun;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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

    @ParameterizedTest
    @CsvSource({
            "submit, 99999", "submit, 70000", "submit, 0",
            "status, 99999", "simulate, 99999", "simulate, 70000", "load, 99999", "load, 70000"
    })
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void urlWithPortOutOfRangeIsUsageError(String command, int port) {
        String url = "http://127.0.0.1:" + port;
        List<String> args = new ArrayList<>(List.of(command));
        if (command.equals("submit") || command.equals("status")) {
            args.add("1");
        }
        args.addAll(List.of("--url", url));

        CommandRun run = CommandRun.of(args.toArray(String[]::new));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).containsExactly("job-client: Invalid value for option '--url': '" + url + "' has the port "
                + port + ", but a TCP port must be from 1 to 65535; use a form like http://localhost:8080;"
                + " see 'job-client " + command + " --help'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://", "http://127.0.0.1:abc", "127.0.0.1:8080", "http//127.0.0.1:8080", "http://ho st"})
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void invalidUrlFormsAreOneLineUsageErrors(String url) {
        CommandRun run = CommandRun.of("submit", "x", "--url", url);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("job-client: Invalid value for option '--url': '" + url + "' ")
                .endsWith("; see 'job-client submit --help'");
    }

    @Test
    void unknownCommandNamesCommandsAndHelp() {
        CommandRun run = CommandRun.of("bogus");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("job-client: Unknown command: 'bogus'; the commands are submit, status,"
                + " simulate, load, help; see 'job-client --help'");
    }

    @Test
    void mistypedCommandIsUnknown() {
        CommandRun run = CommandRun.of("submt", "x");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("job-client: Unknown command: 'submt'; the commands are submit, status,"
                + " simulate, load, help; see 'job-client --help'");
    }

    @Test
    void extraArgumentOfSubcommandIsUnknownArgument() {
        CommandRun run = CommandRun.of("submit", "x", "y", "--url", "http://127.0.0.1:1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("job-client: Unknown argument: 'y'; see 'job-client submit --help'");
    }

    @Test
    void negativeDurationMustBePositive() {
        CommandRun run = CommandRun.of("simulate", "--timeout", "-1s");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("job-client: Invalid value for option '--timeout': '-1s' is negative;"
                + " a duration must be positive, such as 500ms or 1s; see 'job-client simulate --help'");
    }

    @Test
    void nonNumericCountIsNotAWholeNumber() {
        CommandRun run = CommandRun.of("simulate", "--clients", "many");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("job-client: Invalid value for option '--clients': 'many' is not a"
                + " whole number; see 'job-client simulate --help'");
    }

    @Test
    void zeroRateIsOutOfRange() {
        CommandRun run = CommandRun.of("load", "--rate", "0", "--url", "http://127.0.0.1:1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("job-client: Invalid value for option '--rate': 0 is out of range;"
                + " give requests per second above 0 and at most 10000000, such as 100 or 0.5; see 'job-client load --help'");
    }

    @Test
    void nonNumericRateIsNotANumber() {
        CommandRun run = CommandRun.of("load", "--rate", "fast", "--url", "http://127.0.0.1:1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("job-client: Invalid value for option '--rate': 'fast' is not a number;"
                + " see 'job-client load --help'");
    }
}
