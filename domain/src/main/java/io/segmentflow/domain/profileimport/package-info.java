/**
 * Bulk Profile imports: an uploaded file of Profiles (CSV or NDJSON) that a job imports row by row, its progress, and
 * the rows it refused.
 */
package io.segmentflow.domain.profileimport;
