/**
 * The public HTTP API ({@code /api/v1}): JSON in and out, API-key authentication, and one mapping of
 * every refusal to an RFC 9457 problem document with a stable error code.
 */
package io.segmentflow.adapters.in.rest;
