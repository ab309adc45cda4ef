/** The mail adapter: delivers rendered messages over pooled SMTP connections, or captures them as .eml files when no relay is configured. */
package io.segmentflow.adapters.out.mail;
