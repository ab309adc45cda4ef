/** Sender domains: created with their DKIM keys, verified against DNS, and the signing keys of delivery. */
package io.segmentflow.application.sender;
