/**
 * Bulk Profile imports: an upload staged row by row as it is read, and the job's work on each chunk of rows (parse,
 * validate as the Profiles API does, upsert set-wise, record consent and each refused row).
 */
package io.segmentflow.application.profileimport;
