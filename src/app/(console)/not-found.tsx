import { CircleQuestionMark } from "lucide-react";
import Link from "next/link";
import { buttonClassName } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export default function ConsoleNotFound() {
  return (
    <EmptyState
      icon={CircleQuestionMark}
      title="Nothing here"
      description="This page does not exist, or the record it points to is not one you can see."
      action={
        <Link href="/" className={buttonClassName("secondary")}>
          Back to products
        </Link>
      }
    />
  );
}
