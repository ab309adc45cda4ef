package io.segmentflow.adapters.in.dashboard;

import io.segmentflow.adapters.shared.Jsonp;
import io.segmentflow.application.broadcast.AudienceSend;
import io.segmentflow.application.broadcast.AudienceSendsQuery;
import io.segmentflow.application.broadcast.AudienceSendsQuery.Progress;
import io.segmentflow.domain.audience.CarrierType;
import io.segmentflow.domain.audience.SendResults;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The pages of one kind of audience send (Broadcasts or Newsletter Issues): the latest, listed with their status
 * ({@code /}), one with its progress and results ({@code /<id>}, kept live by {@code progress.js}), and that progress
 * as data ({@code /<id>/progress}).
 */
abstract class AudienceSendPages extends DashboardPage {
    private static final long serialVersionUID = 1L;
    static final int LISTED = 100;

    @Inject
    transient AudienceSendsQuery sends;

    private final CarrierType type;
    private final String path;
    private final String plural;
    private final String singular;

    AudienceSendPages(CarrierType type, String path, String plural, String singular) {
        this.type = type;
        this.path = path;
        this.plural = plural;
        this.singular = singular;
    }

    @Override
    protected boolean answersJson(HttpServletRequest request) {
        String info = request.getPathInfo();
        return info != null && info.endsWith("/progress");
    }

    @Override
    protected void get(HttpServletRequest request, HttpServletResponse response, WorkspaceId workspace)
            throws IOException {
        String[] segments = segments(request);
        if (segments.length == 0) {
            List<AudienceSend> latest = type == CarrierType.BROADCAST
                    ? sends.latestBroadcasts(workspace, LISTED)
                    : sends.latestIssues(workspace, LISTED);
            view.render(
                    request,
                    response,
                    200,
                    "audience-sends",
                    plural,
                    Map.of("sends", latest, "path", path, "singular", singular, "limit", LISTED));
            return;
        }
        String id = id(segments[0], singular.toLowerCase(java.util.Locale.ROOT));
        if (segments.length == 1) {
            Progress progress = sends.progress(workspace, type, id);
            view.render(
                    request,
                    response,
                    200,
                    "audience-send",
                    singular + " " + progress.send().name(),
                    Map.of("progress", progress, "path", path, "plural", plural, "singular", singular));
            return;
        }
        if (segments.length == 2 && segments[1].equals("progress")) {
            json(response, 200, asJson(sends.progress(workspace, type, id)));
            return;
        }
        throw new Refused(404, "There is no such page.");
    }

    static jakarta.json.JsonObject asJson(Progress progress) {
        SendResults results = progress.results();
        JsonObjectBuilder byReason = Jsonp.PROVIDER.createObjectBuilder();
        results.skippedByReason().forEach(byReason::add);
        return Jsonp.PROVIDER
                .createObjectBuilder()
                .add("status", progress.send().status().wireName())
                .add("written", results.total())
                .add("queued", results.queued())
                .add("sent", results.sent())
                .add("failed", results.failed())
                .add("skipped", results.skipped())
                .add("skippedByReason", byReason)
                .add("done", progress.done())
                .build();
    }
}
