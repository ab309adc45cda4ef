package io.segmentflow.application.port.out;

import io.segmentflow.domain.audience.CarrierConfirmation;
import java.util.Optional;

/** Confirmation links of Broadcasts and NewsletterIssues, by the digest of their token. */
public interface CarrierConfirmations {
    void add(CarrierConfirmation confirmation);

    /** The confirmation stored under this digest, locked until the transaction ends, so it is redeemed once. */
    Optional<CarrierConfirmation> findForUpdate(String tokenHash);

    /** Stores that it was redeemed. */
    void update(CarrierConfirmation confirmation);
}
