import { db } from "@/server/db";
import { createNotificationDriver } from "@/server/drivers/notification-driver";
import { runAfterCommit } from "@/server/events/post-commit";
import { deliverIncidentNotifications, type IncidentNotificationEvent } from "@/server/services/incident-notifications";
import { resolveManagedSecretValue } from "@/server/services/managed-secrets";

/**
 * Incident notifications leave over HTTP only after the observation's
 * transaction committed; attempts are their own idempotency boundary.
 */
export function deliverAfterCommit(notification: IncidentNotificationEvent | null): void {
  if (!notification) return;
  runAfterCommit(async () => {
    const database = db();
    const driver = createNotificationDriver({
      resolveSecret: (secretId) =>
        resolveManagedSecretValue(database, secretId, { actor: "service:incident-notifier", destination: "incident notification" }),
    });
    await deliverIncidentNotifications(database, notification, driver);
  });
}
