/** EmailSend, the one email to one recipient, and the addresses it is made of. */
package io.segmentflow.domain.email;
