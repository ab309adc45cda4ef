# Sourced after stack.sh by bench/run and bench/crash-test: an audience of Profiles (an opt-in subscription group, 5%
# unsubscribed, 1% suppressed), a Broadcast to it that is sending, and its fan-out job started through Liberty's batch
# management REST API as the operator, then waited for. bench/run's fan-out row takes the Profiles its import row
# brought in through the API (import.sh); the crash test, and bench/run with BENCH_IMPORT=0, make them with SQL.

FANOUT_PROFILES="${BENCH_FANOUT_PROFILES:-1000000}"
FANOUT_DB="${BENCH_FANOUT_DB:-segmentflow_bench_fanout}"
FANOUT_DRAIN_SECONDS="${BENCH_FANOUT_DRAIN_SECONDS:-60}"
FANOUT_WAIT="${BENCH_FANOUT_WAIT_SECONDS:-600}"
OPERATOR_PASSWORD="${BENCH_OPERATOR_PASSWORD:-bench-operator-password}"
# More job parameters, as JSON members after a comma (e.g. ', "partitions": "4", "chunkSize": "2000"'); none: the
# job's defaults.
FANOUT_JOB_PARAMETERS="${BENCH_FANOUT_JOB_PARAMETERS:-}"
# What start_server needs so that the bench may use the batch management REST API.
FANOUT_SERVER_ENV=(SEGMENTFLOW_BATCH_OPERATOR=operator SEGMENTFLOW_BATCH_OPERATOR_PASSWORD="$OPERATOR_PASSWORD")
FANOUT_TEMPLATE='{
  "name": "Bench news",
  "subject": "News for you",
  "html": "<p>Hello, here is our news.</p>",
  "text": "Hello, here is our news.",
  "kind": "marketing"}'

# fanout_audience DB N TAG : N Profiles in the bench key's workspace, an opt-in group (every 20th Profile
# unsubscribed, every 100th suppressed) and a Broadcast to them in status sending; sets FANOUT_BROADCAST,
# FANOUT_WORKSPACE and FANOUT_ELIGIBLE. Profiles made before (a rerun on the same database) are reused.
fanout_audience() {
    local db="$1" n="$2" tag="$3" group
    FANOUT_WORKSPACE="$(psql_db "$db" -c "SELECT workspace_id FROM api_keys ORDER BY created_at LIMIT 1")"
    group="sg_bench_$tag"
    log "audience: $n Profiles with SQL, opt-in group $group"
    psql_db "$db" -c "INSERT INTO subscription_groups (id, workspace_id, name, opt_in, created_at, updated_at)
            VALUES ('$group', '$FANOUT_WORKSPACE', 'Bench news $tag', TRUE, now(), now())" \
        -c "INSERT INTO profiles (id, workspace_id, email, properties, created_at, updated_at)
            SELECT 'pr_bench' || lpad(g::text, 8, '0'), '$FANOUT_WORKSPACE', 'f' || g || '@bench.example',
                '{\"plan\": \"pro\"}', now(), now()
            FROM generate_series(1, $n) g ON CONFLICT DO NOTHING" \
        -c "INSERT INTO profile_consents (profile_id, subscription_group_id, workspace_id, status, source, changed_at)
            SELECT 'pr_bench' || lpad(g::text, 8, '0'), '$group', '$FANOUT_WORKSPACE',
                CASE WHEN g % 20 = 0 THEN 'unsubscribed' ELSE 'subscribed' END, 'import', now()
            FROM generate_series(1, $n) g" \
        -c "INSERT INTO suppressions (workspace_id, address, reason, created_at)
            SELECT '$FANOUT_WORKSPACE', 'f' || g || '@bench.example', 'manual', now()
            FROM generate_series(1, $n) g WHERE g % 100 = 7 ON CONFLICT DO NOTHING"
    fanout_broadcast "$db" "$group" "$tag"
}

# fanout_broadcast DB GROUP TAG : a Broadcast to every Profile of the bench key's workspace under GROUP, in status
# sending; sets FANOUT_BROADCAST, FANOUT_WORKSPACE and FANOUT_ELIGIBLE.
fanout_broadcast() {
    local db="$1" group="$2" tag="$3" template snapshot
    FANOUT_WORKSPACE="$(psql_db "$db" -c "SELECT workspace_id FROM api_keys ORDER BY created_at LIMIT 1")"
    template="$(create_template "$FANOUT_TEMPLATE")"
    snapshot="$(psql_db "$db" -c "SELECT current_snapshot_id FROM templates WHERE id = '$template'")"
    FANOUT_BROADCAST="bc_bench_$tag"
    log "Broadcast $FANOUT_BROADCAST to the workspace's Profiles under group $group, sending"
    psql_db "$db" -c "INSERT INTO broadcasts (id, workspace_id, name, template_id, subject, own_template, segment_id,
                subscription_group_id, from_email, from_name, status, send_at, pinned_snapshot_id, pinned_from_email,
                pinned_from_name, started_at, written, created_at, updated_at)
            VALUES ('$FANOUT_BROADCAST', '$FANOUT_WORKSPACE', 'Bench $tag', '$template', NULL, FALSE, NULL, '$group',
                'news@bench.example', 'Bench News', 'sending', now(), '$snapshot', 'news@bench.example', 'Bench News',
                now(), 0, now(), now())" \
        -c "ANALYZE"
    # Profiles of other runs in this workspace are in the audience too (no segment): count them all.
    FANOUT_ELIGIBLE="$(psql_db "$db" -c "SELECT count(*) FROM profiles p
        JOIN profile_consents c ON c.profile_id = p.id AND c.subscription_group_id = '$group'
        WHERE p.workspace_id = '$FANOUT_WORKSPACE' AND c.status = 'subscribed'
          AND NOT EXISTS (SELECT 1 FROM suppressions s WHERE s.workspace_id = p.workspace_id AND s.address = p.email)")"
}

# fanout_start : starts the Broadcast's fan-out job through the batch management REST API; sets FANOUT_INSTANCE.
fanout_start() {
    local answer
    answer="$(curl -sk -u "operator:$OPERATOR_PASSWORD" -X POST -H 'Content-Type: application/json' \
        "https://127.0.0.1:$((HTTP_PORT + 1000))/ibm/api/batch/jobinstances" -d "{
          \"applicationName\": \"segmentflow-war\", \"moduleName\": \"segmentflow-war.war\", \"jobXMLName\": \"fan-out\",
          \"jobParameters\": {\"workspaceId\": \"$FANOUT_WORKSPACE\", \"carrierType\": \"broadcast\",
                              \"carrierId\": \"$FANOUT_BROADCAST\"${FANOUT_JOB_PARAMETERS:-}}}")" \
        || die "the batch REST API did not answer"
    FANOUT_INSTANCE="$(grep -o '"instanceId": *[0-9]*' <<< "$answer" | head -1 | grep -o '[0-9]*$')"
    [[ -n "$FANOUT_INSTANCE" ]] || die "the batch REST API did not start the job: $answer"
    log "fan-out job instance $FANOUT_INSTANCE started"
}

# fanout_wait DB SECONDS : until the Broadcast is sent (false when it failed or time ran out).
fanout_wait() {
    local db="$1" deadline=$((SECONDS + $2)) status
    while :; do
        status="$(psql_db "$db" -c "SELECT status FROM broadcasts WHERE id = '$FANOUT_BROADCAST'")"
        [[ "$status" == sent ]] && return 0
        [[ "$status" == failed ]] && { log "the fan-out failed: $(psql_db "$db" -c "SELECT failure_reason FROM broadcasts WHERE id = '$FANOUT_BROADCAST'")"; return 1; }
        ((SECONDS < deadline)) || return 1
        sleep 0.2
    done
}

# fanout_sends DB : the Broadcast's sends: total, queued (eligible), skipped, distinct Profiles.
fanout_sends() {
    psql_db "$1" -F' ' -c "SELECT count(*), count(*) FILTER (WHERE status <> 'skipped'),
        count(*) FILTER (WHERE status = 'skipped'), count(DISTINCT profile_id)
        FROM email_sends WHERE carrier_id = '$FANOUT_BROADCAST'"
}

# measure_fanout : FANOUT_PROFILES Profiles fanned out into EmailSends (delivery paused), in recipients per minute,
# beside PostgreSQL taking the same rows with COPY into a copy of the table (same indexes); then the sends delivered
# into smtp-sink for FANOUT_DRAIN_SECONDS. On a database of its own (FANOUT_DB), so that the audience is these
# Profiles alone: the one the import row filled (AUDIENCE_IMPORTED), else a fresh one filled with SQL; it is dropped
# afterwards unless BENCH_KEEP_DB=1.
measure_fanout() {
    local t0 t1 total eligible skipped distinct rate copy_rate c0 c1 hz before after fcpu from sent drate source
    local main_db="$DB" main_created="$CREATED_DB"
    DB="$FANOUT_DB"
    if [[ "${AUDIENCE_IMPORTED:-0}" == 1 ]]; then
        FANOUT_PROFILES="$AUDIENCE_PROFILES"
        source="imported"
        start_server "$DB" SEGMENTFLOW_DELIVERY_WORKERS=0 SEGMENTFLOW_SMTP_HOST= "${FANOUT_SERVER_ENV[@]}"
        log "fan-out: the $FANOUT_PROFILES Profiles the import row brought in, under its group $AUDIENCE_GROUP"
        fanout_broadcast "$DB" "$AUDIENCE_GROUP" "$RUN_ID"
    else
        source="made with SQL"
        log "fan-out: no Profiles imported in this run (BENCH_IMPORT=0, or the import did not bring every row in):" \
            "making $FANOUT_PROFILES with SQL generate_series instead"
        fresh_database "$DB"
        start_server "$DB" SEGMENTFLOW_DELIVERY_WORKERS=0 SEGMENTFLOW_SMTP_HOST= "${FANOUT_SERVER_ENV[@]}"
        fanout_audience "$DB" "$FANOUT_PROFILES" "$RUN_ID"
    fi
    hz="$(getconf CLK_TCK)"
    # With BENCH_FANOUT_JFR set to a file, a flight recording of the server during the fan-out is written there.
    if [[ -n "${BENCH_FANOUT_JFR:-}" ]]; then
        jcmd "$SERVER_PID" JFR.start name=fanout settings=profile > /dev/null || die "could not start a flight recording"
    fi
    before="$(cpu_ticks "$SERVER_PID")"
    t0="$(date +%s.%N)"
    fanout_start
    fanout_wait "$DB" "$FANOUT_WAIT" || die "the fan-out did not end in $FANOUT_WAIT s"
    t1="$(date +%s.%N)"
    after="$(cpu_ticks "$SERVER_PID")"
    if [[ -n "${BENCH_FANOUT_JFR:-}" ]]; then
        jcmd "$SERVER_PID" JFR.stop name=fanout filename="$BENCH_FANOUT_JFR" > /dev/null \
            || die "could not write $BENCH_FANOUT_JFR"
        log "flight recording of the fan-out: $BENCH_FANOUT_JFR"
    fi
    fcpu="$(awk -v b="$before" -v a="$after" -v s="$t0" -v e="$t1" -v hz="$hz" 'BEGIN { printf "%.0f", 100 * (a - b) / hz / (e - s) }')"
    read -r total eligible skipped distinct <<< "$(fanout_sends "$DB")"
    rate="$(awk -v n="$total" -v s="$t0" -v e="$t1" 'BEGIN { printf "%.0f", 60 * n / (e - s) }')"
    log "fan-out: $total sends ($eligible queued, $skipped skipped, $distinct Profiles) in $(awk -v s="$t0" -v e="$t1" 'BEGIN{printf "%.1f", e - s}') s: $rate/min"
    stop_server

    psql_db "$DB" -c "CREATE SCHEMA IF NOT EXISTS bench_scratch" \
        -c "DROP TABLE IF EXISTS bench_scratch.fanout_copy" \
        -c "CREATE TABLE bench_scratch.fanout_copy (LIKE email_sends INCLUDING ALL)" \
        -c "\\copy (SELECT * FROM email_sends WHERE carrier_id = '$FANOUT_BROADCAST') TO '$WORK/fanout.copy'"
    c0="$(date +%s.%N)"
    psql_db "$DB" -c "\\copy bench_scratch.fanout_copy FROM '$WORK/fanout.copy'"
    c1="$(date +%s.%N)"
    copy_rate="$(awk -v n="$total" -v s="$c0" -v e="$c1" 'BEGIN { printf "%.0f", 60 * n / (e - s) }')"
    psql_db "$DB" -c "DROP TABLE bench_scratch.fanout_copy"
    log "COPY of the same $total rows into a copy of email_sends: $copy_rate/min"
    row "fan-out of $FANOUT_PROFILES Profiles ($source) into EmailSends" \
        "$(printf "%'d recipients/min" "$rate")" \
        "$(printf "COPY of the same rows into email_sends' twin: %'d rows/min" "$copy_rate")" \
        ">= 1,000,000/min" \
        "$(verdict "$(awk -v r="$rate" 'BEGIN{print (r >= 1000000)}')") ($eligible queued, $skipped skipped, $((total - distinct)) duplicates; server CPU ${fcpu}%)"

    log "delivering the Broadcast's sends into smtp-sink for $FANOUT_DRAIN_SECONDS s with $WORKERS workers"
    start_sink ""
    from="$(psql_db "$DB" -c "SELECT extract(epoch FROM clock_timestamp())")"
    start_server "$DB" SEGMENTFLOW_DELIVERY_WORKERS="$WORKERS" "${FANOUT_SERVER_ENV[@]}"
    sleep "$FANOUT_DRAIN_SECONDS"
    read -r sent drate <<< "$(psql_db "$DB" -F' ' -c "WITH d AS (SELECT updated_at FROM email_sends
            WHERE carrier_id = '$FANOUT_BROADCAST' AND status = 'sent' AND updated_at >= to_timestamp($from)),
        p AS (SELECT count(*) AS n, percentile_disc(0.2) WITHIN GROUP (ORDER BY updated_at) AS p20,
            percentile_disc(0.9) WITHIN GROUP (ORDER BY updated_at) AS p90 FROM d)
        SELECT n, round(0.7 * n / greatest(extract(epoch FROM p90 - p20), 0.001)) FROM p")"
    stop_server
    stop_sink
    row "the fan-out's sends delivered into smtp-sink, $WORKERS workers" "$drate msg/s" \
        "delivery row above" "as delivery" "$sent delivered in $FANOUT_DRAIN_SECONDS s"
    [[ "${BENCH_KEEP_DB:-0}" == 1 ]] || psql_db postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
    [[ "$DB" == "$AUDIENCE_DB" ]] && AUDIENCE_DB=""
    DB="$main_db"
    CREATED_DB="$main_created"
}
