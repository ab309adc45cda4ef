# Sourced after stack.sh by the scripts that measure or check Journeys (bench/run, bench/journeys-crash-test,
# bench/journeys-two-nodes): a Journey on order.created, and the counts they read back from PostgreSQL.

# A template that a Journey email renders with the event's values.
JOURNEY_TEMPLATE='{
  "name": "Bench order follow-up",
  "subject": "Your order [[${event.code}]]",
  "html": "<p>Thanks for order <b th:text=\"${event.code}\">0</b>.</p>",
  "text": "Thanks for order [[${event.code}]]."}'

# create_journey STEPS_JSON : an active Journey on order.created that every event enters (re-entry always);
# prints its id.
create_journey() {
    local answer id
    answer="$(curl -fs "$BASE_URL/api/v1/journeys" -H "x-api-key: $API_KEY" -H 'Content-Type: application/json' -d "{
      \"name\": \"Bench order follow-up\",
      \"trigger\": {\"type\": \"event\", \"event\": \"order.created\"},
      \"reEntry\": \"always\",
      \"steps\": $1}")" || die "could not create a Journey"
    id="$(grep -o '"id":"jny_[^"]*"' <<< "$answer" | head -1 | cut -d'"' -f4)"
    curl -fs -o /dev/null -X POST "$BASE_URL/api/v1/journeys/$id/activate" -H "x-api-key: $API_KEY" \
        || die "could not activate Journey $id"
    echo "$id"
}

# wait_runs_settled DB SECONDS : until no run is due now (each has gone on to a wait or ended); false when time ran out.
wait_runs_settled() {
    local db="$1" deadline=$((SECONDS + $2)) due
    while :; do
        due="$(psql_db "$db" -c "SELECT EXISTS (SELECT 1 FROM journey_runs WHERE due_at <= now())")"
        [[ "$due" == f ]] && return 0
        ((SECONDS < deadline)) || { log "runs still due"; return 1; }
        sleep 1
    done
}

# Counts of runs by status, as "queued waiting completed failed exited total".
run_counts() {
    psql_db "$1" -F' ' -c "SELECT count(*) FILTER (WHERE status = 'queued'), count(*) FILTER (WHERE status = 'waiting'),
        count(*) FILTER (WHERE status = 'completed'), count(*) FILTER (WHERE status = 'failed'),
        count(*) FILTER (WHERE status = 'exited'), count(*) FROM journey_runs"
}
