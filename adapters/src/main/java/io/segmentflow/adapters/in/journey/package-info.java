/** The Journey workers: loops on managed threads that take due runs on. An inbound adapter: it calls a use case. */
package io.segmentflow.adapters.in.journey;
