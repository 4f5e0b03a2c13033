/** Implementation details of Goodhart core. Not part of the API: users must not need anything in here. */
package dev.goodhart.internal;
