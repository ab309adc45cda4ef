package io.segmentflow.adapters.out.persistence;

import io.segmentflow.application.port.out.CarrierConfirmations;
import io.segmentflow.domain.audience.CarrierConfirmation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;

/** Confirmation links in {@code carrier_confirmations}, by token digest, through {@link CarrierConfirmationRow}. */
@ApplicationScoped
public class JpaCarrierConfirmations implements CarrierConfirmations {
    private static final String INSERT = CarrierConfirmationRow.ALL.insertInto(CarrierConfirmationRow.TABLE);
    private static final String USE =
            CarrierConfirmationRow.USE.update(CarrierConfirmationRow.TABLE) + " WHERE token_hash = ?";
    private static final String FIND_FOR_UPDATE = "SELECT * FROM carrier_confirmations WHERE token_hash = ? FOR UPDATE";

    @PersistenceContext(unitName = "segmentflow")
    EntityManager em;

    @Override
    public void add(CarrierConfirmation confirmation) {
        TransactionConnection.update(em, INSERT, insert -> CarrierConfirmationRow.ALL.bind(insert, 1, confirmation));
    }

    @Override
    public Optional<CarrierConfirmation> findForUpdate(String tokenHash) {
        return TransactionConnection.select(
                        em, FIND_FOR_UPDATE, select -> select.setString(1, tokenHash), CarrierConfirmationRow::read)
                .stream()
                .findFirst();
    }

    @Override
    public void update(CarrierConfirmation confirmation) {
        TransactionConnection.update(em, USE, update -> {
            int next = CarrierConfirmationRow.USE.bind(update, 1, confirmation);
            update.setString(next, confirmation.tokenHash());
        });
    }
}
