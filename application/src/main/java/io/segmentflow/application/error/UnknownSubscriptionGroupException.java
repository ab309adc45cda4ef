package io.segmentflow.application.error;

/** A send names a subscription group its workspace does not have (or deleted): nothing is sent under it. */
public class UnknownSubscriptionGroupException extends ApplicationException {
    public UnknownSubscriptionGroupException(String id) {
        super(
                "unknown_subscription_group",
                "subscriptionGroupId: the workspace has no subscription group " + id,
                java.util.List.of(
                        new FieldError("subscriptionGroupId", "names no subscription group of the workspace")));
    }
}
