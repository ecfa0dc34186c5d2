import { ListPageSkeleton } from "@/components/ui/skeleton";

export default function SecretsLoading() {
  return <ListPageSkeleton label="Loading secret status" />;
}
