#!/usr/bin/env bash
# Segment preview over a large audience: a segment's count and sample as the API answers them (PostgreSQL
# evaluates the condition over the jsonb properties), beside the same count as a plain SQL query in psql.
# Sourced by bench/run after its other sections (with its stack, database and rows); run alone
# (`bench/segments.sh`), it builds the server, makes a database of its own and prints its rows.
# The Profiles are those bench/import.sh imported through the API just before (with the properties tested here);
# without that import (BENCH_IMPORT=0, or run alone) BENCH_SEGMENT_PROFILES Profiles (1,000,000) are made with SQL
# generate_series instead, and the output says so. Settings: BENCH_SEGMENTS=0 skips it; BENCH_SEGMENT_TRIES previews
# per segment (5, median taken).

segments_standalone=0
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    set -euo pipefail
    source "$(dirname "$0")/stack.sh"
    trap stack_cleanup EXIT
    require_tools column
    DB="${BENCH_DB:-segmentflow_bench_segments}"
    ROWS=()
    row() { ROWS+=("$(printf '%s\t%s\t%s\t%s\t%s' "$@")"); }
    verdict() { awk -v ok="$1" 'BEGIN { print (ok ? "meets" : "BELOW") }'; }
    build_server
    fresh_database "$DB"
    segments_standalone=1
fi

SEGMENT_PROFILES="${BENCH_SEGMENT_PROFILES:-1000000}"
SEGMENT_SOURCE="made with SQL"
SEGMENT_TRIES="${BENCH_SEGMENT_TRIES:-5}"

# segment_profiles WORKSPACE N : N Profiles of the workspace with a plan, seats, a country and a signup date,
# spread evenly, inserted in one statement (the GIN index on properties is kept up as they go in).
segment_profiles() {
    psql_db "$DB" -c "INSERT INTO profiles (id, workspace_id, email, external_id, properties, created_at, updated_at)
        SELECT 'pr_bseg' || lpad(g::text, 9, '0'), '$1', 'seg' || g || '@bench.example', NULL,
            jsonb_build_object('plan', (ARRAY['free', 'pro', 'team', 'enterprise'])[1 + g % 4], 'seats', g % 500,
                'country', (ARRAY['FR', 'DE', 'US', 'GB', 'JP'])[1 + g % 5],
                'signup', to_char(date '2024-01-01' + g % 700, 'YYYY-MM-DD')),
            now(), now()
        FROM generate_series(1, $2) g ON CONFLICT DO NOTHING" -c "VACUUM ANALYZE profiles"
}

# create_segment NAME CONDITION_JSON : prints the new segment's id.
create_segment() {
    local answer
    answer="$(curl -fs "$BASE_URL/api/v1/segments" -H "x-api-key: $API_KEY" -H 'Content-Type: application/json' \
        -d "{\"name\": \"$1\", \"condition\": $2}")" || die "could not create segment $1"
    grep -o '"id":"seg_[^"]*"' <<< "$answer" | head -1 | cut -d'"' -f4
}

# preview_median ID : "MS COUNT", the median time of SEGMENT_TRIES previews (after one to warm up) and the count.
preview_median() {
    local times=() t body count
    curl -fs -o /dev/null "$BASE_URL/api/v1/segments/$1/preview?sample=10" -H "x-api-key: $API_KEY" \
        || die "preview of segment $1 failed"
    for _ in $(seq "$SEGMENT_TRIES"); do
        t="$(curl -fs -o "$WORK/preview.json" -w '%{time_total}' "$BASE_URL/api/v1/segments/$1/preview?sample=10" \
            -H "x-api-key: $API_KEY")" || die "preview of segment $1 failed"
        times+=("$(awk -v t="$t" 'BEGIN { printf "%.1f", t * 1000 }')")
    done
    body="$(cat "$WORK/preview.json")"
    count="$(grep -o '"count":[0-9]*' <<< "$body" | cut -d: -f2)"
    printf '%s %s\n' "$(printf '%s\n' "${times[@]}" | sort -n | awk '{v[NR] = $1} END { print v[int((NR + 1) / 2)] }')" "$count"
}

# sql_median WHERE : "MS COUNT", the median server-side time (psql's \timing) of SEGMENT_TRIES plain counts.
sql_median() {
    local out
    out="$( { echo '\timing on'; for _ in $(seq $((SEGMENT_TRIES + 1))); do
            echo "SELECT count(*) FROM profiles WHERE workspace_id = '$WORKSPACE' AND $1;"; done; } |
        psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$DB" -v ON_ERROR_STOP=1 -qAt)" || die "psql count failed: $out"
    printf '%s %s\n' \
        "$(grep -o 'Time: [0-9.]*' <<< "$out" | tail -n "$SEGMENT_TRIES" | awk '{print $2}' | sort -n |
            awk '{v[NR] = $1} END { printf "%.1f", v[int((NR + 1) / 2)] }')" \
        "$(grep -v '^Time' <<< "$out" | grep -E '^[0-9]+$' | tail -1)"
}

# segment_row LABEL CONDITION_JSON SQL_WHERE
segment_row() {
    local id pms pcount sms scount
    id="$(create_segment "$1" "$2")"
    read -r pms pcount <<< "$(preview_median "$id")"
    read -r sms scount <<< "$(sql_median "$3")"
    log "segment \"$1\": preview $pms ms ($pcount Profiles); plain SQL count $sms ms ($scount)"
    row "segment preview, $1, $SEGMENT_PROFILES Profiles ($SEGMENT_SOURCE)" \
        "${pms} ms ($pcount Profiles, 10 shown)" \
        "plain SQL count in psql: $sms ms ($scount)" \
        "<= 1,000 ms, the same count" \
        "$(verdict "$(awk -v p="$pms" -v a="$pcount" -v b="$scount" 'BEGIN{print (p <= 1000 && a == b)}')")"
}

if [[ "${BENCH_SEGMENTS:-1}" == 1 ]]; then
    segments_main_db="$DB"
    if [[ "${AUDIENCE_IMPORTED:-0}" == 1 ]]; then
        DB="$AUDIENCE_DB"
        SEGMENT_PROFILES="$AUDIENCE_PROFILES"
        SEGMENT_SOURCE="imported"
        log "segments over the $SEGMENT_PROFILES Profiles the import row brought in (database $DB)"
    fi
    start_server "$DB" SEGMENTFLOW_DELIVERY_WORKERS=0 SEGMENTFLOW_SMTP_HOST= SEGMENTFLOW_JOURNEY_WORKERS=0
    # The bootstrap key's workspace, the first one.
    WORKSPACE="$(psql_db "$DB" -c "SELECT workspace_id FROM api_keys ORDER BY created_at LIMIT 1")"
    if [[ "$SEGMENT_SOURCE" != imported ]]; then
        have="$(psql_db "$DB" -c "SELECT count(*) FROM profiles WHERE id LIKE 'pr_bseg%'")"
        if ((have < SEGMENT_PROFILES)); then
            log "no Profiles imported in this run (BENCH_IMPORT=0, or the import did not bring every row in):" \
                "making $SEGMENT_PROFILES Profiles with SQL generate_series instead"
            segment_profiles "$WORKSPACE" "$SEGMENT_PROFILES"
        fi
    fi
    segment_row "plan equals pro" '{"field": "profile.plan", "op": "equals", "value": "pro"}' \
        "properties->>'plan' = 'pro'"
    segment_row "pro, over 100 seats, in FR or DE" '{"all": [
            {"field": "profile.plan", "op": "equals", "value": "pro"},
            {"field": "profile.seats", "op": "greater_than", "value": 100},
            {"field": "profile.country", "op": "in", "values": ["FR", "DE"]}]}' \
        "properties->>'plan' = 'pro' AND jsonb_typeof(properties->'seats') = 'number'
            AND (properties->>'seats')::numeric > 100 AND properties->>'country' IN ('FR', 'DE')"
    segment_row "signed up after 2025-06-01" '{"field": "profile.signup", "op": "greater_than", "value": "2025-06-01"}' \
        "properties->>'signup' > '2025-06-01'"
    stop_server
    DB="$segments_main_db"
else
    row "segment preview" "not measured (BENCH_SEGMENTS=0)" "" "<= 1,000 ms, the same count" "not measured"
fi

if [[ $segments_standalone == 1 ]]; then
    echo
    {
        printf 'figure\tmeasured\treference (same run, same machine)\ttarget\tverdict\n'
        printf '%s\n' "${ROWS[@]}"
    } | column -t -s $'\t'
fi
