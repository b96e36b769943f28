package io.jobserver.client.command;

/** How the {@code simulate} command shows progress while it runs. */
public enum ProgressMode {
    /** A bar when stdout is a terminal, plain lines otherwise. */
    AUTO,
    /** A bar redrawn in place. */
    BAR,
    /** A plain line every few seconds. */
    LINES,
    /** No progress output; only the summary. */
    NONE
}
