package io.jobserver.client.command;

import picocli.CommandLine.IVersionProvider;

/** Reports the version that Maven wrote into the jar's manifest. */
public final class JobClientVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = JobClientVersion.class.getPackage().getImplementationVersion();
        return new String[] {"job-client " + (version == null ? "(development build)" : version)};
    }
}
