/**
 * Sender domains: a domain a workspace sends from, with its own DKIM key pair and the DNS records that prove the
 * workspace controls it; mail from a verified one is DKIM-signed.
 */
package io.segmentflow.domain.sender;
