@main
struct OutpostBench {
    static func main() {}
}
