package io.segmentflow.adapters.in.dashboard;

import io.segmentflow.application.operator.SignInUseCase;
import io.segmentflow.application.operator.SignInUseCase.Admitted;
import io.segmentflow.application.operator.SignInUseCase.Outcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.Set;

/**
 * Whose email and password sign in to the dashboard (Jakarta Security's identity store, asked by {@link
 * SessionSignIn}): the operators' accounts only, through the sign-in use case with its limits on failures. No API key
 * and no user of the server's registry (the batch operator) signs in here.
 *
 * <p>The caller's name is the operator's email ({@code request.getRemoteUser()}). What the sign-in came to is left on
 * the request for {@link SignInPage}, which says it in words.
 */
@ApplicationScoped
public class OperatorIdentityStore implements IdentityStore {
    private static final String OUTCOME = "segmentflow.sign-in.outcome";

    @Inject
    SignInUseCase signIn;

    @Inject
    HttpServletRequest request;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof UsernamePasswordCredential given)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        Outcome outcome = signIn.signIn(given.getCaller(), given.getPasswordAsString(), request.getRemoteAddr());
        request.setAttribute(OUTCOME, outcome);
        if (outcome instanceof Admitted operator) {
            return new CredentialValidationResult(operator.email(), Set.of(SessionSignIn.GROUP));
        }
        return CredentialValidationResult.INVALID_RESULT;
    }

    @Override
    public Set<ValidationType> validationTypes() {
        return Set.of(ValidationType.VALIDATE);
    }

    /** What the sign-in of this request came to; empty when the store was not asked. */
    static Optional<Outcome> outcome(HttpServletRequest request) {
        return request.getAttribute(OUTCOME) instanceof Outcome outcome ? Optional.of(outcome) : Optional.empty();
    }
}
