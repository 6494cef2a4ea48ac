package com.example.booking.api.admin;

import com.example.booking.api.security.CurrentUser;
import com.example.booking.api.web.RequestOrigin;
import com.example.booking.query.projection.ProjectionRebuilds;
import com.example.booking.query.projection.ProjectionStatus;
import com.example.booking.shared.history.HistoryEntry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The projections: their status, rebuilding one while reads go on, and the history of those rebuilds. */
@RestController
@Tag(name = "History and administration")
class ProjectionController {

    private final ProjectionRebuilds rebuilds;

    ProjectionController(ProjectionRebuilds rebuilds) {
        this.rebuilds = rebuilds;
    }

    @Operation(summary = "Status of every projection: running, rebuilding or stopped, position, lag, progress (ADMIN)")
    @GetMapping("/api/admin/projections")
    List<ProjectionStatus> projections() {
        return rebuilds.status();
    }

    @Operation(summary = "Rebuild a projection from the event store while reads keep using the current one (ADMIN)")
    @PostMapping("/api/admin/projections/{name}/rebuild")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ProjectionStatus.Rebuild rebuild(@PathVariable String name, Authentication authentication) {
        return rebuilds.request(name, CurrentUser.of(authentication).id().value(), RequestOrigin.current());
    }

    @Operation(summary = "Who rebuilt a projection, and when each rebuild completed, from the event store (ADMIN)")
    @GetMapping("/api/admin/projections/{name}/history")
    List<HistoryEntry> history(@PathVariable String name) {
        return rebuilds.history(name);
    }
}
