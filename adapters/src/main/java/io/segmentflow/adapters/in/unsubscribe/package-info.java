/**
 * Inbound adapter: the one-click unsubscribe page of the links in emails sent under a subscription group (RFC 8058),
 * served without an API key or a session.
 */
package io.segmentflow.adapters.in.unsubscribe;
