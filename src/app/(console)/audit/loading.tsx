import { ListPageSkeleton } from "@/components/ui/skeleton";

export default function AuditLoading() {
  return <ListPageSkeleton label="Loading audit events" />;
}
