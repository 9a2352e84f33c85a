package dev.jslc.executor.sandbox;

/**
 * A call the sandbox does not permit. Same message and signature as script-security's
 * {@code org.jenkinsci.plugins.scriptsecurity.sandbox.RejectedAccessException} (RejectedAccessException.java):
 * {@code Scripts not permitted to use TYPE DETAILS}, the signature being {@code TYPE DETAILS} in the whitelist line
 * format ({@code staticMethod jenkins.model.Jenkins getInstance}). Like upstream's it is a {@link SecurityException},
 * so a script's {@code catch (Exception e)} sees it.
 */
public final class RejectedAccessException extends SecurityException {
    private static final long serialVersionUID = 1L;

    /** The class name Jenkins prints for this exception in a build log. */
    public static final String UPSTREAM_CLASS = "org.jenkinsci.plugins.scriptsecurity.sandbox.RejectedAccessException";

    private final String signature;
    private boolean dangerous;

    /** Rejects a described member: {@code type} e.g. {@code method}, {@code details} e.g. {@code java.lang.String execute}. */
    public RejectedAccessException(String type, String details) {
        super("Scripts not permitted to use " + type + " " + details);
        this.signature = type + " " + details;
    }

    /** As {@link #RejectedAccessException(String, String)}, with extra information in parentheses after it. */
    public RejectedAccessException(String type, String details, String info) {
        super("Scripts not permitted to use " + type + " " + details + " (" + info + ")");
        this.signature = type + " " + details;
    }

    /** Rejects something the whitelist format cannot describe (no signature). */
    public RejectedAccessException(String message) {
        super(message);
        this.signature = null;
    }

    /** The rejected member as a whitelist line, or null. */
    public String getSignature() {
        return signature;
    }

    /** Whether the signature is on the blacklist (an administrator should not approve it). */
    public boolean isDangerous() {
        return dangerous;
    }

    void setDangerous(boolean dangerous) {
        this.dangerous = dangerous;
    }

    /** As the Jenkins log shows it: upstream's class name and the message (also the first line of a stack trace). */
    @Override
    public String toString() {
        return UPSTREAM_CLASS + ": " + getMessage();
    }
}
