/**
 * The one condition model: what a Journey's trigger filter, a branch, a wait's filter and (later) a segment
 * ask of a Profile's properties and an event's data. A condition is a tree of comparisons of a field with a
 * literal, joined by all, any and not; it is evaluated here in memory and can be translated to SQL by a store.
 */
package io.segmentflow.domain.condition;
