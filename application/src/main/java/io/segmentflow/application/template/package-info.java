/** Templates: kept, checked for safety, previewed. */
package io.segmentflow.application.template;
