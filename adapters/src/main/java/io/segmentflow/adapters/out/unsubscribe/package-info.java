/**
 * Outbound adapter: the signed one-click unsubscribe links (RFC 8058) of emails sent under a subscription group, made
 * and read with HMAC-SHA256 under the server's link key.
 */
package io.segmentflow.adapters.out.unsubscribe;
