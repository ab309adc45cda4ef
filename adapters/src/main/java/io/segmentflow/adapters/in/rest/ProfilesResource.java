package io.segmentflow.adapters.in.rest;

import io.segmentflow.adapters.shared.Jsonp;
import io.segmentflow.application.Page;
import io.segmentflow.application.access.Caller;
import io.segmentflow.application.audience.ManageSubscriptionGroupsUseCase;
import io.segmentflow.application.error.FieldError;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.application.profile.ManageProfilesUseCase;
import io.segmentflow.application.profile.ManageProfilesUseCase.ProfileChange;
import io.segmentflow.domain.apikey.Scope;
import io.segmentflow.domain.audience.Consent;
import io.segmentflow.domain.audience.ConsentStatus;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.profile.ProfileIdentity;
import io.segmentflow.domain.shared.InvalidValueException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A workspace's Profiles: read one, look one up by email or externalId, list them a page at a time, edit one, erase
 * one. Profiles are created by the requests that name a person (emails.send, events.track).
 */
@Path("/profiles")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ProfilesResource {
    @Inject
    CurrentCaller currentCaller;

    @Inject
    ManageProfilesUseCase profiles;

    @Inject
    ManageSubscriptionGroupsUseCase groups;

    /** One page of all Profiles, or the one Profile (if any) with the given email or externalId. */
    @GET
    public Response list(
            @QueryParam("email") String email,
            @QueryParam("externalId") String externalId,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        Caller caller = currentCaller.require(Scope.PROFILES_READ);
        List<FieldError> errors = new ArrayList<>();
        int pageSize =
                Paging.limit(limit, ManageProfilesUseCase.DEFAULT_LIMIT, ManageProfilesUseCase.MAX_LIMIT, errors);
        if (email != null && externalId != null) {
            errors.add(new FieldError("externalId", "look a profile up by email or by externalId, not both"));
        }
        if ((email != null || externalId != null) && cursor != null) {
            errors.add(new FieldError("cursor", "a look-up by email or externalId answers one page: give no cursor"));
        }
        EmailAddress address = email == null ? null : checked(errors, () -> EmailAddress.of(email));
        String id = externalId == null
                ? null
                : checked(errors, () -> ProfileIdentity.ofExternalId(externalId).externalId());
        if (!errors.isEmpty()) {
            throw new ValidationFailedException(errors);
        }
        Page<Profile> page;
        if (email != null || externalId != null) {
            Optional<Profile> found = address != null
                    ? profiles.findByEmail(caller.workspaceId(), address)
                    : profiles.findByExternalId(caller.workspaceId(), id);
            page = new Page<>(found.stream().toList(), false, null);
        } else {
            page = profiles.list(caller.workspaceId(), cursor, pageSize);
        }
        Map<String, List<Consent>> consents = groups.consentsOf(
                caller.workspaceId(), page.data().stream().map(Profile::id).toList());
        return Paging.answer(page, p -> view(p, consents.getOrDefault(p.id(), List.of())));
    }

    /** The Profile, with its consent to each subscription group it said something about ({@code subscriptions}). */
    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        Caller caller = currentCaller.require(Scope.PROFILES_READ);
        Profile profile = profiles.get(caller.workspaceId(), id);
        return Response.ok(view(profile, groups.consentsOf(caller.workspaceId(), id))
                        .toString())
                .build();
    }

    /** Records the Profile's consent to one group, {@code {"status": "subscribed" | "unsubscribed" | "never"}}. */
    @PUT
    @Path("{id}/subscriptions/{groupId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response setConsent(@PathParam("id") String id, @PathParam("groupId") String groupId, InputStream body) {
        Caller caller = currentCaller.require(Scope.PROFILES_WRITE);
        JsonFields json = JsonFields.of(JsonBody.read(body)).allowOnly(Set.of("status"));
        String status = json.string("status", true);
        ConsentStatus consent = status == null ? null : json.parse("status", status, ConsentStatus::fromWire);
        json.throwIfInvalid();
        return Response.ok(view(groups.setConsent(caller.workspaceId(), id, groupId, consent))
                        .toString())
                .build();
    }

    /** A Profile with its consent to each subscription group it said something about, as every answer shows it. */
    static JsonObject view(Profile profile, List<Consent> consents) {
        JsonArrayBuilder subscriptions = Jsonp.PROVIDER.createArrayBuilder();
        consents.forEach(c -> subscriptions.add(view(c)));
        return Jsonp.PROVIDER
                .createObjectBuilder(view(profile))
                .add("subscriptions", subscriptions)
                .build();
    }

    static JsonObject view(Consent consent) {
        return Jsonp.PROVIDER
                .createObjectBuilder()
                .add("object", "subscription")
                .add("subscriptionGroupId", consent.subscriptionGroupId())
                .add("status", consent.status().wireName())
                .add("source", consent.source().wireName())
                .add("changedAt", consent.changedAt().toString())
                .build();
    }

    /**
     * Merges {@code properties} into the Profile's at the top level (a null value removes a key) and gives it the
     * {@code email} or {@code externalId} asked for; a null or absent field leaves that part as it is.
     */
    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response update(@PathParam("id") String id, InputStream body) {
        Caller caller = currentCaller.require(Scope.PROFILES_WRITE);
        ProfileChange change = change(JsonBody.read(body));
        Profile updated = profiles.update(caller.workspaceId(), id, change);
        return Response.ok(view(updated, groups.consentsOf(caller.workspaceId(), id))
                        .toString())
                .build();
    }

    /** Erases the Profile; answers 204 without a body, so a client that accepts only problem documents is served. */
    @DELETE
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    @Path("{id}")
    public Response erase(@PathParam("id") String id) {
        Caller caller = currentCaller.require(Scope.PROFILES_WRITE);
        profiles.erase(caller.workspaceId(), id);
        return Response.noContent().build();
    }

    static ProfileChange change(JsonObject body) {
        JsonFields json = JsonFields.of(body).allowOnly(Set.of("properties", "email", "externalId"));
        String email = json.string("email", false);
        String externalId = json.string("externalId", false);
        String properties = json.has("properties") ? json.objectText("properties") : null;
        EmailAddress address = email == null ? null : json.build(() -> EmailAddress.of(email));
        String id = externalId == null
                ? null
                : json.build(() -> ProfileIdentity.ofExternalId(externalId).externalId());
        json.throwIfInvalid();
        return new ProfileChange(address, id, properties);
    }

    static JsonObject view(Profile p) {
        JsonObjectBuilder json =
                Jsonp.PROVIDER.createObjectBuilder().add("object", "profile").add("id", p.id());
        JsonOutput.nullable(json, "email", p.email() == null ? null : p.email().value());
        JsonOutput.nullable(json, "externalId", p.externalId());
        try (var reader = Jsonp.PROVIDER.createReader(new StringReader(p.properties()))) {
            json.add("properties", reader.readObject());
        }
        return json.add("createdAt", p.createdAt().toString())
                .add("updatedAt", p.updatedAt().toString())
                .build();
    }

    private static <T> T checked(List<FieldError> errors, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (InvalidValueException e) {
            errors.add(new FieldError(e.field(), e.getMessage()));
            return null;
        }
    }
}
