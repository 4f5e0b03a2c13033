/** Implementation details of the activity signatures. Not part of the API: users must not need anything in here. */
package dev.goodhart.activity.internal;
