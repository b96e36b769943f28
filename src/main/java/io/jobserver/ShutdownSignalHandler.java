package io.jobserver;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into a normal Quarkus exit with status 0 once the drain is done.
 * <p>
 * Without it the JVM handles the signal itself and exits with 143 or 130 even after a clean
 * drain, which process supervisors report as a failure. Only the packaged application installs
 * it; dev mode and tests keep the JVM's own handling.
 */
@ApplicationScoped
public class ShutdownSignalHandler {

    private static final Logger LOG = Logger.getLogger(ShutdownSignalHandler.class);

    private final AtomicBoolean shutdownRequested = new AtomicBoolean();

    void install(@Observes StartupEvent event) {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        Signal.handle(new Signal("TERM"), this::handle);
        Signal.handle(new Signal("INT"), this::handle);
    }

    private void handle(Signal signal) {
        if (shutdownRequested.compareAndSet(false, true)) {
            LOG.infof("Received SIG%s: shutting down", signal.getName());
            Quarkus.asyncExit(0);
        } else {
            LOG.infof("Received SIG%s again: the shutdown is already draining jobs; send SIGKILL to stop at once",
                    signal.getName());
        }
    }
}
