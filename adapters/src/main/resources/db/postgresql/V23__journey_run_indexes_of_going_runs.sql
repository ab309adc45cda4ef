-- An ended run has no due time, and nothing looks its event up any more: the timer index and the event index hold
-- only the runs that go on. A run's last advance then takes no entry in either, and runs long ended cost them nothing.
DROP INDEX journey_runs_due;
CREATE INDEX journey_runs_due ON journey_runs (due_at) WHERE due_at IS NOT NULL;
DROP INDEX journey_runs_by_event;
CREATE INDEX journey_runs_going_by_event ON journey_runs (event_id) WHERE due_at IS NOT NULL;
