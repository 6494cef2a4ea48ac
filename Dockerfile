# Runtime image of the application; build the jar first with ./mvnw -B -DskipTests package
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY booking-api/target/booking-api.jar app.jar
ENV AXONIQ_UPDATE_CHECKER_DISABLED=true
EXPOSE 8080
# Four times the default compile thresholds: C2 then leaves the hold path's lukewarm methods in C1's code
# instead of compiling them for minutes beside a hot fan-out (docs/benchmarks.md, session 43).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:CompileThresholdScaling=4", "-jar", "/app/app.jar"]
