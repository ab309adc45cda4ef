/** News from the other nodes on the same PostgreSQL database: sends they committed, heard by {@code LISTEN}. */
package io.segmentflow.adapters.in.nodes;
