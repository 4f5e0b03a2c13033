#!/usr/bin/env bash
# Runs adapters/spark/smoke/ShadedJarSmoke.java with Spark's class path and goodhart-spark-VERSION-all.jar only (no
# Guava, Commons Math or Goodhart jar of the build's), as spark-submit --jars would: the shaded jar must be enough.
# Needs the module packaged (./mvnw -B -pl adapters/spark -am package -DskipTests). Run from the repository root.
set -euo pipefail
cd "$(dirname "$0")/../.."
# -am with test-compile: Goodhart's own modules resolve to what the build made, not to the local repository (a fresh
# machine has none of them there)
./mvnw -B -q -o -pl adapters/spark -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/runtime-classpath.txt -Dmdep.includeScope=test >/dev/null 2>&1 \
  || ./mvnw -B -q -pl adapters/spark -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/runtime-classpath.txt -Dmdep.includeScope=test
# Spark and its dependencies only: not Goodhart's modules (jars, or this build's class directories), nor what the
# shaded jar relocates inside it, nor the test libraries
cp=$(tr ':' '\n' < adapters/spark/target/runtime-classpath.txt | grep -v -F "$PWD/" \
  | grep -v -E 'goodhart|/guava/|/failureaccess/|commons-math3|junit|assertj|jqwik|opentest4j|apiguardian' | paste -sd:)
jar=$(ls adapters/spark/target/goodhart-spark-*-all.jar)
opens=$(sed -n 's:.*<spark.java17.options>\(.*\)</spark.java17.options>.*:\1:p' adapters/spark/pom.xml)
# shellcheck disable=SC2086
out=$(java $opens -cp "$cp:$PWD/$jar" adapters/spark/smoke/ShadedJarSmoke.java 2>/dev/null)
echo "$out"
grep -q "^shaded jar: 13 pairs, 13 rows" <<<"$out"
