package io.segmentflow.application.error;

/** The workspace has a sender domain of that name already: one key pair per domain and workspace. */
public class SenderDomainExistsException extends ApplicationException {
    public SenderDomainExistsException(String name, String id) {
        super("domain_exists", "the workspace has sender domain " + name + " already (" + id + ")");
    }
}
