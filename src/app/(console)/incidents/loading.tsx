import { ListPageSkeleton } from "@/components/ui/skeleton";

export default function IncidentsLoading() {
  return <ListPageSkeleton label="Loading incidents" />;
}
