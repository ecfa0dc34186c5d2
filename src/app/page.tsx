export const dynamic = "force-dynamic";

export default function HomePage() {
  return <main className="p-8">Launchplane Console</main>;
}
