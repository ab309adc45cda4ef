# Sourced by bench/run where its audience rows begin: imports BENCH_IMPORT_PROFILES Profiles (1,000,000) through the
# API, as one CSV upload that the import job takes in, and measures Profiles per minute beside PostgreSQL's COPY of
# the same rows into a plain table. The Profiles stay in the database for the segment-preview and fan-out rows after
# it. BENCH_IMPORT=0 skips it.

IMPORT_PROFILES="${BENCH_IMPORT_PROFILES:-1000000}"
IMPORT_WAIT="${BENCH_IMPORT_WAIT_SECONDS:-1800}"

# import_csv FILE ROWS : the CSV the import takes: identifiers, a few properties a segment can test, and (when the
# server has subscription groups) consent to BENCH_GROUP_ID for two Profiles in three.
import_csv() {
    local file="$1" rows="$2" group="${IMPORT_GROUP:-}"
    awk -v n="$rows" -v g="$group" 'BEGIN {
        split("free pro team", plans, " "); split("FR DE US JP BR", countries, " ")
        printf "email,externalId,plan,country,age:number,vip:boolean%s\n", (g != "" ? ",subscriptions." g : "")
        for (i = 0; i < n; i++) {
            printf "p%d@audience.example,ext-%d,%s,%s,%d,%s", i, i, plans[i % 3 + 1], countries[i % 5 + 1],
                18 + i % 60, (i % 10 == 0 ? "true" : "false")
            if (g != "") printf ",%s", (i % 3 == 2 ? "unsubscribed" : "subscribed")
            printf "\n"
        }
    }' > "$file"
}

# import_copy_rows FILE ROWS : the same Profiles as rows of a plain table, for COPY.
import_copy_rows() {
    awk -v n="$2" 'BEGIN {
        split("free pro team", plans, " "); split("FR DE US JP BR", countries, " ")
        for (i = 0; i < n; i++) {
            printf "pr_copy%d\tws_copy\tp%d@audience.example\text-%d\t{\"plan\": \"%s\", \"country\": \"%s\", \"age\": %d, \"vip\": %s}\t2030-01-01 00:00:00+00\t2030-01-01 00:00:00+00\n",
                i, i, i, plans[i % 3 + 1], countries[i % 5 + 1], 18 + i % 60, (i % 10 == 0 ? "true" : "false")
        }
    }' > "$1"
}

measure_import() {
    local csv="$WORK/profiles.csv" copy="$WORK/profiles.tsv" answer id t0 t1 t2 status view imported failed \
        rate upload_s job_s copy_rate c0 c1 bytes analyzer=""
    log "import: writing $IMPORT_PROFILES Profiles as CSV"
    start_server "$DB" SEGMENTFLOW_DELIVERY_WORKERS=0 SEGMENTFLOW_SMTP_HOST= SEGMENTFLOW_JOURNEY_WORKERS=0
    IMPORT_GROUP="${BENCH_GROUP_ID:-}"
    import_csv "$csv" "$IMPORT_PROFILES"
    bytes="$(stat -c %s "$csv")"
    log "import: uploading $bytes bytes"
    t0="$(date +%s.%N)"
    answer="$(curl -fsS "$BASE_URL/api/v1/profiles/imports" -H "x-api-key: $API_KEY" -H 'Content-Type: text/csv' \
        --data-binary "@$csv")" || die "the upload was refused: $answer"
    t1="$(date +%s.%N)"
    id="$(grep -o '"importId":"[^"]*"' <<< "$answer" | cut -d'"' -f4)"
    log "import $id staged in $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b - a}') s; the job imports it"
    # The table grows from nothing to a million rows: with autovacuum on, PostgreSQL analyzes it as it grows and
    # the job's look-ups probe the unique indexes. Where autovacuum is off (the line below), the planner would keep
    # believing the table tiny and scan the workspace's rows on every look-up: analyze it now and then, as
    # autovacuum would.
    log "PostgreSQL autovacuum: $(psql_db "$DB" -c 'SHOW autovacuum')"
    if [[ "$(psql_db "$DB" -c 'SHOW autovacuum')" == off ]]; then
        (while sleep 10; do psql_db "$DB" -c "ANALYZE profiles" 2>/dev/null || true; done) &
        analyzer=$!
        BACKGROUND_PIDS+=("$analyzer")
    fi
    local deadline=$((SECONDS + IMPORT_WAIT))
    while :; do
        view="$(curl -fsS "$BASE_URL/api/v1/profiles/imports/$id" -H "x-api-key: $API_KEY")"
        status="$(grep -o '"status":"[^"]*"' <<< "$view" | cut -d'"' -f4)"
        [[ "$status" == completed || "$status" == failed ]] && break
        ((SECONDS < deadline)) || { log "WARNING: import not done in $IMPORT_WAIT s: $view"; break; }
        sleep 1
    done
    t2="$(date +%s.%N)"
    [[ -n "${analyzer:-}" ]] && { kill "$analyzer" 2>/dev/null || true; wait "$analyzer" 2>/dev/null || true; }
    imported="$(grep -o '"imported":[0-9]*' <<< "$view" | cut -d: -f2)"
    failed="$(grep -o '"failed":[0-9]*' <<< "$view" | cut -d: -f2)"
    log "import $id: $status, $imported imported, $failed refused"
    stop_server
    upload_s="$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b - a}')"
    job_s="$(awk -v a="$t1" -v b="$t2" 'BEGIN{printf "%.1f", b - a}')"
    rate="$(awk -v n="$imported" -v a="$t0" -v b="$t2" 'BEGIN{printf "%.0f", 60 * n / (b - a)}')"

    log "import: COPY of the same $IMPORT_PROFILES rows into a plain table"
    import_copy_rows "$copy" "$IMPORT_PROFILES"
    psql_db "$DB" -c "CREATE SCHEMA IF NOT EXISTS bench_scratch" \
        -c "DROP TABLE IF EXISTS bench_scratch.profiles_copy" \
        -c "CREATE TABLE bench_scratch.profiles_copy (id VARCHAR(40) PRIMARY KEY, workspace_id VARCHAR(40) NOT NULL,
                email VARCHAR(254), external_id VARCHAR(255), properties JSONB NOT NULL,
                created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL,
                UNIQUE (workspace_id, email), UNIQUE (workspace_id, external_id))"
    c0="$(date +%s.%N)"
    psql_db "$DB" -c "\\copy bench_scratch.profiles_copy FROM '$copy'"
    c1="$(date +%s.%N)"
    copy_rate="$(awk -v n="$IMPORT_PROFILES" -v a="$c0" -v b="$c1" 'BEGIN{printf "%.0f", 60 * n / (b - a)}')"
    psql_db "$DB" -c "DROP TABLE bench_scratch.profiles_copy"
    rm -f "$csv" "$copy"
    row "Profiles imported/min ($IMPORT_PROFILES by one CSV upload)" \
        "$(printf '%s/min (%s%% of COPY; upload %s s, job %s s)' "$rate" \
            "$(awk -v r="$rate" -v c="$copy_rate" 'BEGIN{printf "%.0f", 100 * r / (c > 0 ? c : 1)}')" "$upload_s" "$job_s")" \
        "COPY into a plain table with the same keys: $copy_rate/min" \
        "all imported" \
        "$([[ "$status" == completed && "$imported" == "$IMPORT_PROFILES" ]] && echo meets || echo BELOW) ($status, $failed refused)"
}

if [[ "${BENCH_IMPORT:-1}" == 1 ]]; then
    measure_import
else
    row "Profiles imported/min" "not measured (BENCH_IMPORT=0)" "" "all imported" "not measured"
fi
