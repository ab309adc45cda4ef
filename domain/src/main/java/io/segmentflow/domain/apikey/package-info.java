/** API keys: hashed secrets with scopes, one workspace each. */
package io.segmentflow.domain.apikey;
