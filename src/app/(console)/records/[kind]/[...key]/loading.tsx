import { RecordDetailSkeleton } from "@/components/records/record-detail";

export default function RecordLoading() {
  return <RecordDetailSkeleton />;
}
