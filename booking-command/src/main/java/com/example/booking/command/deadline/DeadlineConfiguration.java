package com.example.booking.command.deadline;

import com.mongodb.client.MongoClient;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.utils.mapper.JsonMapper;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;
import org.jobrunr.jobs.details.CachingJobDetailsGenerator;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.nosql.mongo.MongoDBStorageProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * Persistent deadlines: JobRunr keeps scheduled hold expiries in MongoDB, so a hold made before a
 * restart still expires after it. Axon's {@code AxonJobRunrAutoConfiguration} turns the
 * {@link JobScheduler} below into a {@code JobRunrDeadlineManager}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DeadlineProperties.class)
public class DeadlineConfiguration {

    @Bean
    JsonMapper jobRunrJsonMapper() {
        return new JacksonJsonMapper();
    }

    @Bean(destroyMethod = "close")
    StorageProvider jobStorage(MongoClient mongoClient, DeadlineProperties properties, JsonMapper jobRunrJsonMapper,
                               ObjectProvider<JobStorePreparation> preparations) {
        preparations.orderedStream().forEach(step -> step.prepare(mongoClient, properties.database()));
        StorageProvider storage = new MongoDBStorageProvider(mongoClient, properties.database());
        storage.setJobMapper(new JobMapper(jobRunrJsonMapper));
        return storage;
    }

    /**
     * Every hold schedules its expiry through the same lambda in Axon's deadline manager. JobRunr's default
     * generator reads and analyses that lambda's bytecode for each job, a third of a hold's handling time;
     * the caching generator analyses it once per lambda class and decides by itself whether it may.
     */
    @Bean
    JobScheduler jobScheduler(StorageProvider jobStorage) {
        return new JobScheduler(jobStorage, new CachingJobDetailsGenerator(), List.of());
    }

    /**
     * One job server per application context, built directly rather than through JobRunr's static
     * {@code JobRunr.configure()}, so several nodes can live in one JVM (tests) and each stops its own.
     * It is stopped before the job store and the MongoClient it polls with close.
     */
    @Bean(initMethod = "start", destroyMethod = "stop")
    BackgroundJobServer backgroundJobServer(StorageProvider jobStorage, JsonMapper jobRunrJsonMapper,
                                            ApplicationContext context, DeadlineProperties properties) {
        return new BackgroundJobServer(jobStorage, jobRunrJsonMapper, context::getBean,
                BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                        .andPollInterval(properties.pollInterval())
                        .andWorkerCount(properties.workers()));
    }

    @Bean
    JobServerWatchdog jobServerWatchdog(BackgroundJobServer backgroundJobServer, DeadlineProperties properties) {
        return new JobServerWatchdog(backgroundJobServer, properties.watchdogInterval());
    }
}
