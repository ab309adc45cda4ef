/** DKIM key pairs of sender domains: made here, their private keys sealed with AES-GCM under a server key. */
package io.segmentflow.adapters.out.dkim;
