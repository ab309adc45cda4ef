# Sourced by bench/run where its audience rows begin: imports BENCH_IMPORT_PROFILES Profiles (1,000,000) through the
# API, as one CSV upload that the import job takes in, and measures Profiles per minute beside PostgreSQL's COPY of
# the same rows into a plain table. The Profiles are the audience of the segment-preview and fan-out rows after it:
# they go into a database of their own (AUDIENCE_DB, BENCH_FANOUT_DB), with the properties the segments test and
# consent to an opt-in subscription group made first (every 20th Profile unsubscribed); every 100th address is then
# suppressed. BENCH_IMPORT=0 skips it, and those rows make their Profiles with SQL instead.

IMPORT_PROFILES="${BENCH_IMPORT_PROFILES:-1000000}"
IMPORT_WAIT="${BENCH_IMPORT_WAIT_SECONDS:-1800}"
# Set once the import brought in every row: the audience rows read these Profiles.
AUDIENCE_IMPORTED=0
AUDIENCE_PROFILES=0
AUDIENCE_GROUP=""

# The awk functions both files below are written with: Profile i's plan, seats, country and signup date, spread
# as the segment rows expect (as segments.sh's generate_series spreads them).
AUDIENCE_AWK='
    function audience_setup(   d, y, m, yl, ml) {
        split("free pro team enterprise", plans, " "); split("FR DE US GB JP", countries, " ")
        for (d = 0; d < 700; d++) {
            rest = d; y = 2024
            while (rest >= (yl = (y % 4 == 0 ? 366 : 365))) { rest -= yl; y++ }
            split("31 28 31 30 31 30 31 31 30 31 30 31", ml, " "); if (y % 4 == 0) ml[2] = 29
            m = 1; while (rest >= ml[m]) { rest -= ml[m]; m++ }
            signups[d] = sprintf("%04d-%02d-%02d", y, m, rest + 1)
        }
    }
    function plan(i) { return plans[i % 4 + 1] }
    function country(i) { return countries[i % 5 + 1] }
    function signup(i) { return signups[i % 700] }'

# import_csv FILE ROWS GROUP : the CSV the import takes: Profiles 1..ROWS with an address and an external id, the
# properties the segments test, and consent to GROUP (every 20th unsubscribed).
import_csv() {
    awk -v n="$2" -v g="$3" "$AUDIENCE_AWK"'
    BEGIN {
        audience_setup()
        printf "email,externalId,plan,seats:number,country,signup,subscriptions.%s\n", g
        for (i = 1; i <= n; i++) {
            printf "p%d@audience.example,ext-%d,%s,%d,%s,%s,%s\n", i, i, plan(i), i % 500, country(i), signup(i),
                (i % 20 == 0 ? "unsubscribed" : "subscribed")
        }
    }' > "$1"
}

# import_copy_rows FILE ROWS : the same Profiles as rows of a plain table, for COPY.
import_copy_rows() {
    awk -v n="$2" "$AUDIENCE_AWK"'
    BEGIN {
        audience_setup()
        for (i = 1; i <= n; i++) {
            printf "pr_copy%d\tws_copy\tp%d@audience.example\text-%d\t{\"plan\": \"%s\", \"seats\": %d, \"country\": \"%s\", \"signup\": \"%s\"}\t2030-01-01 00:00:00+00\t2030-01-01 00:00:00+00\n",
                i, i, i, plan(i), i % 500, country(i), signup(i)
        }
    }' > "$1"
}

measure_import() {
    local csv="$WORK/profiles.csv" copy="$WORK/profiles.tsv" answer id t0 t1 t2 status view imported failed \
        rate upload_s job_s copy_rate c0 c1 bytes main_db="$DB"
    DB="$FANOUT_DB"
    psql_db postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
    AUDIENCE_DB="$DB"
    start_server "$DB" SEGMENTFLOW_DELIVERY_WORKERS=0 SEGMENTFLOW_SMTP_HOST= SEGMENTFLOW_JOURNEY_WORKERS=0
    answer="$(curl -fsS "$BASE_URL/api/v1/subscription-groups" -H "x-api-key: $API_KEY" \
        -H 'Content-Type: application/json' -d '{"name": "Bench news", "type": "opt_in"}')" \
        || die "could not create the audience's subscription group: $answer"
    AUDIENCE_GROUP="$(grep -o '"id":"[^"]*"' <<< "$answer" | head -1 | cut -d'"' -f4)"
    log "import: writing $IMPORT_PROFILES Profiles as CSV, with consent to $AUDIENCE_GROUP, into database $DB"
    import_csv "$csv" "$IMPORT_PROFILES" "$AUDIENCE_GROUP"
    bytes="$(stat -c %s "$csv")"
    log "import: uploading $bytes bytes"
    t0="$(date +%s.%N)"
    answer="$(curl -fsS "$BASE_URL/api/v1/profiles/imports" -H "x-api-key: $API_KEY" -H 'Content-Type: text/csv' \
        --data-binary "@$csv")" || die "the upload was refused: $answer"
    t1="$(date +%s.%N)"
    id="$(grep -o '"importId":"[^"]*"' <<< "$answer" | cut -d'"' -f4)"
    log "import $id staged in $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b - a}') s; the job imports it"
    # The table grows from nothing to a million rows, which the job's look-ups probe by its unique indexes.
    analyze_meanwhile "$DB" profiles
    local deadline=$((SECONDS + IMPORT_WAIT))
    while :; do
        view="$(curl -fsS "$BASE_URL/api/v1/profiles/imports/$id" -H "x-api-key: $API_KEY")"
        status="$(grep -o '"status":"[^"]*"' <<< "$view" | cut -d'"' -f4)"
        [[ "$status" == completed || "$status" == failed ]] && break
        ((SECONDS < deadline)) || { log "WARNING: import not done in $IMPORT_WAIT s: $view"; break; }
        sleep 1
    done
    t2="$(date +%s.%N)"
    analyze_stop
    imported="$(grep -o '"imported":[0-9]*' <<< "$view" | cut -d: -f2)"
    failed="$(grep -o '"failed":[0-9]*' <<< "$view" | cut -d: -f2)"
    log "import $id: $status, $imported imported, $failed refused"
    stop_server
    if [[ "$status" == completed && "$imported" == "$IMPORT_PROFILES" ]]; then
        # Part of the audience, not of the import: every 100th address suppressed, as the SQL-made audience has it.
        psql_db "$DB" -c "INSERT INTO suppressions (workspace_id, address, reason, created_at)
            SELECT workspace_id, email, 'manual', now() FROM profiles
            WHERE email LIKE 'p%@audience.example' AND substring(email FROM 2 FOR position('@' IN email) - 2)::int % 100 = 7
            ON CONFLICT DO NOTHING" -c "VACUUM ANALYZE"
        AUDIENCE_IMPORTED=1
        AUDIENCE_PROFILES="$imported"
    fi
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
    DB="$main_db"
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
    log "BENCH_IMPORT=0: no import; the segment and fan-out rows make their Profiles with SQL generate_series"
    row "Profiles imported/min" "not measured (BENCH_IMPORT=0)" "" "all imported" "not measured"
fi
